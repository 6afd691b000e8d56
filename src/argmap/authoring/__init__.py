"""Writing maps: new, watch, the preview server, the notebook display."""
