"""The FastAPI service and the `veridot` CLI: thin layers over `verifier`."""
