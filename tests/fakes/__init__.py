"""In-process fakes of external services, started inside the test's event loop."""
