"""Journal pages under a language prefix (``/<lang>/journals/``, namespace ``journals``),
one module per area. Fixed words come before ``<slug>`` paths; the journals app refuses
them as slugs (`sankofa.journals.journals.RESERVED_SLUGS`)."""

from sankofa.web.journals.editorial import urls as editorial
from sankofa.web.journals.inbox import urls as inbox
from sankofa.web.journals.manage import urls as manage
from sankofa.web.journals.reading import urls as reading
from sankofa.web.journals.reports import urls as reports
from sankofa.web.journals.submit import urls as submit

app_name = "journals"
urlpatterns = [
    *inbox.urlpatterns,
    *manage.urlpatterns,
    *submit.urlpatterns,
    *editorial.urlpatterns,
    *reports.urlpatterns,
    *reading.urlpatterns,
]
