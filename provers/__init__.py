"""AST to solver: the `Prover` interface and its backends (Z3 first)."""
