"""Dataset pages under a language prefix (namespace ``datasets``), one module per area."""

from sankofa.web.datasets.deposit import urls as deposit
from sankofa.web.datasets.files import urls as files
from sankofa.web.datasets.records import urls as records
from sankofa.web.datasets.search import urls as search
from sankofa.web.datasets.usage import urls as usage

app_name = "datasets"
urlpatterns = [
    *search.urlpatterns,
    *records.urlpatterns,
    *deposit.urlpatterns,
    *files.urlpatterns,
    *usage.urlpatterns,
]
