"""Pages of the full-process records: records and their files (urls_records), resumable uploads
(urls_uploads), access, release and supervision (urls_access)."""

from zhifa.records import urls_access, urls_records, urls_uploads

app_name = "records"
urlpatterns = [*urls_records.urlpatterns, *urls_uploads.urlpatterns, *urls_access.urlpatterns]
