"""Batch scoring in the browser: upload a CSV of patients, download it scored. Nothing is saved."""
