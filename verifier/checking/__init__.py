"""The diagram checker behind `veridot.verifier.check.verify`, one concept per module.

- `run`: the run over one diagram (nodes in topological order, links, the `Report`);
- `assumptions`: the prover session and the node formulas in it;
- `steps`: checking a claim node against the nodes it uses;
- `judge`: a prover verdict turned into a status and a finding;
- `definitions`: definitions assumed, a symbol bound again starts a new case;
- `taint`: the invalid nodes behind each node;
- `links`: `@entails` / `@eq` records;
- `say`: the findings, as data (worded at the edge, `veridot.verifier.prose`).

The policy they implement is documented in `veridot.verifier.check`. Nothing is imported here, so
that importing one module does not load the others.
"""
