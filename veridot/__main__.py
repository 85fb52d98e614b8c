"""`python -m veridot` runs the command line, as the `veridot` script does."""

from veridot.api.cli.main import main

if __name__ == "__main__":
    main()
