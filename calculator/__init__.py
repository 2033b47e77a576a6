"""The calculator site: the Django project and its web layer."""

__version__ = "0.1.0"
