"""Rewrites and analyses that make compiled rules faster while firing exactly what the official
text fires: code lists, absence walks, name tests, blank tests, and which texts rules read."""
