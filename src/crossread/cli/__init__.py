"""The command line: one module per subcommand over the shared helpers in ``common``."""
