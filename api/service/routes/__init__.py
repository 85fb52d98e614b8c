"""HTTP routers: they declare paths, schemas and dependencies, and call `api.service.handlers`."""
