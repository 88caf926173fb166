"""The Django project of the Docker playground."""
