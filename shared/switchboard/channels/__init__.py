"""One adapter per channel: find the connection, verify the signature, normalize events, build sends."""
