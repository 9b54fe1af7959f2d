"""An OAI-PMH 2.0 data provider at ``/oai``, fed by the domains' `OaiSource` objects.

A domain implements `sankofa.discovery.oai.source.OaiSource` and registers it with
`sankofa.discovery.oai.registry.register` (in its ``AppConfig.ready``); see docs/discovery.md.
"""
