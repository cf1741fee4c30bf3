"""Named-entity recognition: features, a numpy CRF, and the tagger that joins them.

The entity *stage* (``rasd.stages.entities``) turns the tagger's BIO labels into
mention spans and groups them into entities; ``rasd ner`` tags CoNLL files.
"""
