"""HTTP routes as Powertools Routers; each function mounts the routers of its job."""
