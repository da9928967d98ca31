"""Settings the Open edX plugin loader applies to the platform's settings module."""
