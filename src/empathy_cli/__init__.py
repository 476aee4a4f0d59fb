"""empathy-cli: an offline coach for de-escalating difficult conversations."""

__version__ = "0.1.0"
