"""Background tasks of the directory (django-tasks), by concept:

- `editing`: reminding organisations of services nobody has checked for a while
- `reports`: telling the directory editors about a problem report
- `common`: whom to email
"""
