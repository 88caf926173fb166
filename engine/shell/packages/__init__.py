"""Offline package managers: apt-get, apk, npm, pip. They add real-looking files through the fs."""
