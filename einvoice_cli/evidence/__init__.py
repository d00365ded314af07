"""What a finding shows a supplier beyond the rule's message: the values of its business terms
in the document, the value an arithmetic rule expects, and the element it is about.

The official verdict never depends on anything here: findings keep their rule, severity and
official location; this package only adds ``values``, ``expected`` and ``place``.
"""
