"""Export and import formats: one module per format, each a pure function of small values.

`citation` holds the value a citation is made from; `biblatex`, `csljson` and `badge`
render it. `software` holds what software says of itself, read by `codemeta`, `cff`
and `manifests` and combined by `metadatafiles`.
"""
