"""Reading a customer's answer to one question, in their own words and three languages.

Customers do not answer in the words of the question: "Veronika Kubíčková, recepce",
"jsme z Pekárny U Dvořáků v Táboře", "two of us in dispatch", "only the boss, but he
presents at 3", "ano, to je moje číslo". Each reader takes what it can use and leaves
the rest; it returns None only when the text holds nothing of the kind. What a reader
cannot place is not lost: the intake keeps optional answers as written.

One module per kind of answer: ``context`` (what every reader shares), ``names``,
``firm_words`` (what makes a name a business's), ``firms``, ``phones`` and ``answers``
(the problem, who is affected, the onsite reason).
"""
