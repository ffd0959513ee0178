"""The ways in: the command line (api/cli.py) and the HTTP API."""
