"""The responsibility graph: model, ids, vocabulary, taxonomy and the stores."""
