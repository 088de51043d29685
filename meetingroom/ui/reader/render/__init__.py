"""Drawing pages off the GUI thread: the render service and the cache of drawn pages."""
