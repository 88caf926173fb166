"""`docker build`: the Dockerfile parser, instruction semantics, the cache and both outputs."""
