"""Survey responses in django-import-export's admin pages (upload, preview, confirm), read
and written by the set-based importer in surveys/importing.py."""

from django.utils.translation import gettext as _
from import_export import fields, resources

from pim.import_checks import ImportRefused
from pim.imports import as_result
from surveys.importing import BASE_COLUMNS, ResponseImport
from surveys.models import Response, Survey


class ResponseResource(resources.ModelResource):
    class Meta:
        model = Response
        fields = ["respondent_id"]

    def __init__(self, survey: Survey | None = None, **kwargs):
        super().__init__(**kwargs)
        self.survey = survey

    def get_user_visible_fields(self):
        names = [str(column.label) for column in BASE_COLUMNS]
        if self.survey is not None:
            names += list(self.survey.questions.order_by("position").values_list("code", flat=True))
        return [fields.Field(column_name=name) for name in names]

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """The file checked as a whole; written (all of it) unless dry_run or a row is invalid."""
        try:
            if self.survey is None:
                raise ImportRefused(_("Choose the survey the responses belong to."))
            importer = ResponseImport(self.survey)
            checked = importer.check(dataset.headers or [], dataset)
            if not dry_run and not checked.errors:
                importer.write(checked, user=kwargs.get("user"), report=kwargs.get("report"))
        except ImportRefused as refused:
            return as_result(None, str(refused))
        return as_result(checked)
