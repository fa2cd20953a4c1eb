"""What is kept on disk: round files and records, the gallery, thumbnails, the cache."""
