from nomograms.registry import refresh_installed


def installed_definitions(get_response):
    """Serve each request with the models installed now, whichever app server installed them."""

    def middleware(request):
        refresh_installed()
        return get_response(request)

    return middleware
