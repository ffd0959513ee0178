"""Loaders: turn users' files (prose, structured descriptions) into documents, entities and claims."""
