"""Language-neutral journal URLs (``/journals/…``, namespace ``journalfiles``): galley
downloads, exports, linksets, DOAJ and JATS documents."""

from sankofa.web.journals.harvest import rooturls as harvest
from sankofa.web.journals.reading import rooturls as reading

app_name = "journalfiles"
urlpatterns = [*harvest.urlpatterns, *reading.urlpatterns]
