from django.shortcuts import render


def page_not_found(request, exception=None):
    return render(request, "guide/not_found.html", {"what": "page"}, status=404)


def server_error(request):
    # Render without context processors or queries: the database may be what failed.
    from django.template import loader
    from django.http import HttpResponseServerError

    return HttpResponseServerError(loader.get_template("500.html").render())
