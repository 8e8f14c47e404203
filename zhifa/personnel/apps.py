from django.apps import AppConfig


class PersonnelConfig(AppConfig):
    name = "zhifa.personnel"
    label = "personnel"
    verbose_name = "执法人员与证件"

    def ready(self) -> None:
        """Register the OFFICER role guard with accounts (R-1.10-05, R-3.1-10): granting the
        role needs an eligible officer record that passed induction."""
        from zhifa.accounts.services import role_guard_register
        from zhifa.personnel.services.officers import officer_role_guard

        role_guard_register(officer_role_guard)
