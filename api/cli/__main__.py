"""`python -m` on this package runs the `veridot` command line, as the console script does."""

from api.cli.main import main

main()
