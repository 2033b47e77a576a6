"""The JSON API under /api/v1/: discover the models, score patients, receive FHIR.

Everything it says about a model is read from the model's definition; every number comes from
the same engine as the web form, the command line and batch scoring.
"""
