"""Local-only CKAN plugin: dataset search from PostgreSQL instead of Solr."""
