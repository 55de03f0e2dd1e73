filedesc://news.arc 0.0.0.0 20240514120000 text/plain 76
1 0 crossread-tests
URL IP-address Archive-date Content-type Archive-length

http://news.example/ferry 127.0.0.1 20240514120500 text/html 687
HTTP/1.1 200 OK
Content-Type: text/html; charset=utf-8

<!DOCTYPE html><html><head><meta charset="utf-8"><title>Ferry service resumes after storm</title></head><body><article><h1>Ferry service resumes after storm</h1><p>Ferries between the mainland and the islands sailed again on Friday morning after a two-day halt caused by winds of up to 110 kilometres an hour.</p><p>The operator said extra crossings would run through the weekend to carry the hundreds of passengers and lorries that had been waiting at both ports.</p><p>Island shops had begun to run short of fresh milk and bread, and a supply boat was the first vessel to leave the harbour at dawn.</p></article></body></html>
