"""HTTP routers: they declare paths, schemas and dependencies, and call
`veridot.api.service.handlers`."""
