"""`python -m` on this package runs the `veridot` command line, as the console script does."""

from veridot.api.cli.main import main

main()
