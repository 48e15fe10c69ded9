"""viewflow's scripts speak Vietnamese: the JavaScript catalog holds their strings ("0 selected", months)."""


def test_the_javascript_catalog_translates_viewflows_strings(client):
    response = client.get("/jsi18n/")  # loaded by every page, the login page included
    assert response.status_code == 200 and "javascript" in response["Content-Type"]
    body = response.content.decode("unicode_escape")
    assert "Đã chọn %(sel)s" in body and "Tháng 12" in body


def test_pages_load_the_catalog(client, users):
    client.force_login(users["cv.cchc"])
    assert 'src="/jsi18n/"' in client.get("/").content.decode()
