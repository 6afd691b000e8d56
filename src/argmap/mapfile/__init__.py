"""Reading a map file: raw data with positions, parsing into the model, hints, the scheme
catalogue, YAML, the schema.
"""
