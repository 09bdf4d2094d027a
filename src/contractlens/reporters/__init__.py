"""Reporters render result objects; one module per output format, no logic of their own."""
