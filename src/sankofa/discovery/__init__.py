"""Discovery: how harvesters and crawlers find what the node holds.

The domains feed it through small interfaces (for OAI-PMH, `sankofa.discovery.oai.source`);
it never imports them.
"""
