"""Publishers: put a verified release bundle where the public can get it.

``bundle`` refuses unsafe bundles, ``local`` is the folder portal (the default), ``ckan`` publishes
to CKAN with ckanapi (mapping in ``ckan_mapping``), and ``resource`` is the Dagster resource that
chooses between them. Import the submodules directly; this package imports nothing on purpose, so
loading a bundle does not pull in Dagster or ckanapi.
"""
