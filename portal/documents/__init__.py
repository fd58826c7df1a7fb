"""Office documents every part of the portal generates: letters (DOCX, GB/T 9704-2012) and workbooks (XLSX).

    from portal.documents.letter import Letter, chinese_date
    from portal.documents.workbook import Column, WorkbookWriter, xlsx_response
    from portal.documents.names import document_filename, dated_filename
"""
