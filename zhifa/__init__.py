"""Zhifa (执法): comprehensive administrative law enforcement by the county's published rules."""
