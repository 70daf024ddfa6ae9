"""The query page in a real headless browser, at desktop and phone width: open it, run a named query with a
parameter and the search box, and see the expected rows, with the graph's IRIs linking to their pages."""
import pytest

from conftest import set_viewport  # tests/conftest.py: the shared headless-browser fixture

pytestmark = pytest.mark.browser

CHAIN = "Cadena de mando sobre una unidad"
UNIT = "unidad:"


def _rows(browser) -> list[list[str]]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#tabla tbody tr"))
    return [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
            for row in browser.find_elements(By.CSS_SELECTOR, "#tabla tbody tr")]


@pytest.mark.parametrize("width", [1280, 390])
def test_run_a_named_query_with_a_parameter(browser, pozuzo_server, width):
    from selenium.webdriver.common.by import By

    set_viewport(browser, width)
    browser.get(pozuzo_server.url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Consultas al grafo de conocimiento"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es"
    query = next(item for item in browser.find_elements(By.CSS_SELECTOR, ".consultas details")
                 if item.find_element(By.TAG_NAME, "summary").text == CHAIN)
    query.find_element(By.TAG_NAME, "summary").click()
    field = query.find_element(By.NAME, "unidad")
    assert browser.find_element(By.CSS_SELECTOR, f"label[for='{field.get_attribute('id')}']").text.startswith(
        "unidad: Unidad orgánica")
    field.clear()
    field.send_keys("gidur")
    query.find_element(By.TAG_NAME, "button").click()
    assert _rows(browser) == [["1", UNIT + "gm", "Gerencia Municipal"], ["2", UNIT + "alcaldia", "Alcaldía"],
                              ["2", UNIT + "concejo", "Concejo Municipal"]]
    assert browser.find_element(By.ID, "estado").text == "3 filas"
    link = browser.find_element(By.CSS_SELECTOR, "#tabla tbody tr td a")
    assert link.get_attribute("href") == pozuzo_server.url + "id/190305/unidad/gm"
    assert link.get_attribute("title") == "https://w3id.org/pozuzo-kg/id/190305/unidad/gm"
    # Nothing wider than the screen: the page reads on a phone without sideways scrolling.
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width


def test_the_search_box_finds_text_without_accents(browser, pozuzo_server):
    from selenium.webdriver.common.by import By

    set_viewport(browser, 390)
    browser.get(pozuzo_server.url)
    box = browser.find_element(By.ID, "buscar-texto")
    box.send_keys("racionalizacion")
    box.submit()
    rows = _rows(browser)
    assert [UNIT + "gppr", "skos:prefLabel",
            "Gerencia de Planeamiento, Presupuesto y Racionalización", "es", "3"] in rows


def test_your_own_sparql_and_its_errors(browser, pozuzo_server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    set_viewport(browser, 1280)
    browser.get(pozuzo_server.url)
    editor = browser.find_element(By.ID, "editor-consulta")
    editor.clear()
    editor.send_keys("SELECT ?p WHERE { ?p a org:Post } ORDER BY ?p")
    editor.find_element(By.XPATH, "following-sibling::button").click()
    assert [row[0] for row in _rows(browser)] == ["puesto:alcalde", "puesto:gerente-municipal"]
    editor.clear()
    editor.send_keys("SELECT ?p WHERE { ?p a org:Post ")
    editor.find_element(By.XPATH, "following-sibling::button").click()
    status = browser.find_element(By.ID, "estado")
    WebDriverWait(browser, 20).until(lambda d: "error 400" in status.text)
    assert status.text.startswith("La consulta no pudo ejecutarse (error 400): consulta no válida en 1:")
