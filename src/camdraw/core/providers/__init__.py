"""Describing and painting services: the OpenAI-compatible client, its replies, errors, model
families, prices, servers and keys."""
