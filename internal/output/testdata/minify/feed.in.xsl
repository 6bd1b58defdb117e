<?xml version="1.0" encoding="utf-8"?>
<!-- Shows the feed as a page; the <xsl:text> </xsl:text> below must keep its space. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:template match="/">
    <html lang="nb">
      <body>
        <h1><xsl:value-of select="atom:feed/atom:title" /></h1>
        <p>Oppdatert<xsl:text> </xsl:text><xsl:value-of select="atom:feed/atom:updated" /></p>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
