"""Language-neutral dataset URLs (namespace ``datafiles``): the ARK resolver, file
downloads, exports, linksets, the sitemap and usage reports."""

from sankofa.web.datasets.files import rooturls as files
from sankofa.web.datasets.records import rooturls as records
from sankofa.web.datasets.usage import rooturls as usage

app_name = "datafiles"
urlpatterns = [*records.urlpatterns, *files.urlpatterns, *usage.urlpatterns]
